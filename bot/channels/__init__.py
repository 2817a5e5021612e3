"""Channel adapters: thin layers that turn user input into engine calls and render results."""
