"""`docgen preview`: a local site showing every topic's outputs, rebuilt on save.

The server (server.py) only reads: the state of each topic (state.py) and the
files in the output folder. Builds happen in one warm worker process
(worker.py), driven by the file watcher (session.py), so the server stays
light and a rebuild never pays WeasyPrint's import again.
"""
