"""drillbot: daily spaced-repetition practice of interview questions."""

__version__ = "0.1.0"
