"""import_content, export_content and render_reader_pages.

Floor 1  export_content, import_content, render_reader_pages
"""
