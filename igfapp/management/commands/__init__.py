"""import_content, export_content, release and render_reader_pages.

Floor 1  export_content, import_content, release, render_reader_pages
"""
