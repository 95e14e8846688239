"""The staff web app: server-rendered pages (Starlette + Jinja2 + htmx)."""
