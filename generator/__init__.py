"""msoko-site: publishes a municipal education-quality system (МСОКО) as a static site and open data.

Data flows one way: load → validate → compute → render → publish (see ``generator.build``).
"""

__version__ = "0.2.0"
