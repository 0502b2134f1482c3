"""auditor: claim-by-claim citation quality of Wikipedia articles."""

__version__ = "0.1.0"
