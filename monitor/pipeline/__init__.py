"""One run end to end: crawl (child process), extraction pool, compare, the scheduler, status."""
