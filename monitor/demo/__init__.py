"""The offline demo: its site (two versions of 19 sources), the site's server and the flow."""
