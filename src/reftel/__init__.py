"""Reftel: diplomatic reporting into proliferation case files."""

__version__ = "0.1.0"
