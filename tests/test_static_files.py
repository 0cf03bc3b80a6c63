"""What collectstatic gathers for WhiteNoise: everything a page links, nothing no page does."""

from django.conf import settings


def test_files_no_page_links_are_not_collected():
    root = settings.STATIC_ROOT  # collected for this run by conftest's session fixture
    assert (root / "drf_spectacular_sidecar" / "swagger-ui-dist" / "swagger-ui-bundle.js").is_file()
    assert not (root / "drf_spectacular_sidecar" / "redoc").exists()
    assert not (root / "rest_framework").exists()


def test_pages_files_are_compressed_and_source_maps_are_not():
    root = settings.STATIC_ROOT
    swagger = root / "drf_spectacular_sidecar" / "swagger-ui-dist"
    assert (swagger / "swagger-ui-bundle.js.gz").is_file()
    assert (swagger / "swagger-ui-bundle.js.map").is_file()  # still served, for developers' tools
    assert not list(root.rglob("*.map.gz"))
    assert not list(root.rglob("*.map.br"))
