"""The review desk: a Datasette plugin with the queue, alert pages, matrix and sources."""
