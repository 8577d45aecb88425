"""The directory's pages: finding services (every role that may view the directory) and a provider
manager's own services and locations."""
