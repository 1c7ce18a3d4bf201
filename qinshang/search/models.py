"""No tables of its own: the search indexes are over the searched apps' tables (indexes.py).

This module exists so that Django sends this app the post_migrate signal."""
