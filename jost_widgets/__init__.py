"""JOST widgets for JupyterLab (built in a later issue)."""
