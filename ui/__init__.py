"""Streamlit glue shared by the pages: settings that persist and live in the URL, widgets built
from the optviz registries, and small display helpers. All computation stays in `optviz`."""

import gc

import optviz  # noqa: E402  (torch, numpy and the registries: loaded before the heap is frozen)

# Everything loaded so far lives as long as the server: keep it out of the garbage collector's full
# passes, which otherwise pause a run for ~40 ms now and then.
gc.freeze()
del optviz
