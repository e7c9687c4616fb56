"""The questionnaire engine: load and validate questionnaire files, evaluate rules, explain risk.

Pure: nothing here imports Flask or the database, so the command line, the web pages and the tests
all use the same functions.
"""
