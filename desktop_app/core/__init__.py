"""Plain data, time helpers, progress and errors shared by every stage. No I/O, no Qt."""
