"""Entry point for gunicorn: `gunicorn wsgi:app`. Trusts X-Forwarded-* from PROXY_COUNT proxies."""

from werkzeug.middleware.proxy_fix import ProxyFix

from governance import create_app

app = create_app()
_proxies = app.config["PROXY_COUNT"]
if _proxies:
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=_proxies, x_proto=_proxies, x_host=_proxies)  # type: ignore[method-assign]
