"""The site's management commands.

Floor 1  commands
"""
