"""Streamlit glue shared by the pages: settings that persist and live in the URL, widgets built
from the optviz registries, and small display helpers. All computation stays in `optviz`."""
