"""Demo dialogue content for the demo kommuner, one module per feature."""
