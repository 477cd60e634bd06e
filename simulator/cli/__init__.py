"""The docker command line: option parsing, mount syntax and Docker's output shapes."""
