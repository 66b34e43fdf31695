"""Rendering: topics, laid out, made into files.

``job`` is what every output gets; ``measure`` lays the worksheet out in
PDF pages once; the writers per format (``docx/``, and the PDF path:
``templates``, ``html_pdf``, ``pdf``, ``paint``, ``tagging``) draw blocks;
``outputs/`` holds one module per output, registered in docgen.registry.
"""
