"""Demo data: the facts of the five seed articles, and the loader that writes them.

:mod:`core.demo.data` holds the facts as plain Python structures with the seed each one comes
from; :func:`core.demo.loader.load_demo` upserts them by natural keys (``manage.py load_demo``).
"""
