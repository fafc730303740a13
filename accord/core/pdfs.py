"""What every PDF Accord makes shares.

Every PDF is tagged for assistive technology (PDF/UA-1): its structure, the document's language
(the `lang` of its HTML) and its title (its <title>, shown by viewers). Pass `**PDF_OPTIONS` to
each WeasyPrint render and write.
"""

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}
