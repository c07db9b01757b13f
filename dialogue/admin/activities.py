"""Admin of this dialogue feature."""
