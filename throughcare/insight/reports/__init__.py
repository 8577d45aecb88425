"""Each insight view's report: its query results passed through the disclosure rule into tables and charts."""
