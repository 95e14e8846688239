"""The store: SQLAlchemy 2 tables, queries and Alembic migrations."""
