"""The SQLite store: schema, migrations, safe opening, where user data lives."""
