"""End-to-end: the real app driven by keys, crashes, two instances, hostile input, Xvfb."""
