"""Help: the About box and "How reader decides", the short guide to the three kinds."""
