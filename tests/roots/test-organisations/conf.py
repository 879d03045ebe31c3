project = "Organisations"
extensions = ["myst_parser", "sphinx_innersource"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
innersource_required_sections = []
innersource_min_instances = {"structured": 2}
innersource_organisations = {
    "Acme": {
        "aliases": ["Acme GmbH", "ACME Inc."],
        "url": "https://acme.example/",
        "description": "A maker of everything, and a keen adopter.",
        "logo": "_static/acme-logo.png",
    },
    # A logo outside the source folder is refused.
    "Initech": {"aliases": ["Initech (Austin)"], "logo": "../outside.png"},
}
innersource_organisation_pages = "organisations"
