"""The SQL aggregates behind each insight view, one module per view.

Each function runs one or a few GROUP BY queries and returns plain numbers: no rows of people are
loaded into Python, and the number of queries does not grow with the data.
"""
