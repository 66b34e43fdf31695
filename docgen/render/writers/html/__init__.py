"""The HTML writer: Jinja templates drawn from the layout, made into PDF by WeasyPrint (safely: printer.py), painted twice for a worksheet and its key (paint.py), tagged for PDF/UA (tagging.py)."""
