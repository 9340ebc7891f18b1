"""Developer tooling: the test command behind `./dev test`."""
