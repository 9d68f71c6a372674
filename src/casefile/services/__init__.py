"""Services: the domain rules over a store, shared by the CLI and later the web app."""
