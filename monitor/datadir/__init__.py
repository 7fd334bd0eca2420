"""The data dir: its database opened (sources synced, baseline loaded) and its run lock."""
