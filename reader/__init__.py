"""reader: a desktop reader that tells reporting from commentary from page furniture."""

__version__ = "0.1.0"
APP_ID = "io.github.reader.Reader"
APP_NAME = "reader"
