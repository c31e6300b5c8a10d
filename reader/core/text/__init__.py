"""Documents as text: reading files (plain, Markdown, HTML), titles, find."""
