"""What leaves the tool: dataset releases, the HTML report, WARC export, the privacy audit."""
