"""Changes to alerts: classifying page changes, raising and reviewing alerts, notifying."""
