# Build, install and package authhelper the way a distribution would.
#
#   make                      release build (static Swift stdlib)
#   make install              PREFIX=/usr/local DESTDIR= (staging root) ZSH_COMPLETION_DIR=
#   make uninstall            removes exactly what install put there
#   make deb                  dist/authhelper_<version>_<arch>.deb (DIST= another folder)
#   make docs                 regenerate completions/ and man/ from the commands
#
# NO_BUILD=1 BIN=path installs already built binaries (the tests use the debug build): BIN is
# the front (authhelper), FULL_BIN the program with every command it hands over to, by default
# beside it. The front looks for it in $(PREFIX)/libexec/authhelper/.

DIST    ?= dist
PREFIX  ?= /usr/local
DESTDIR ?=
SWIFT   ?= swift
BIN     ?= .build/release/authhelper
FULL_BIN ?= $(dir $(BIN))authhelper-full
VERSION := $(shell sed -n 's/.*current = "\(.*\)"/\1/p' Sources/AuthHelperCore/Context/Version.swift)

bindir   = $(DESTDIR)$(PREFIX)/bin
libexecdir = $(DESTDIR)$(PREFIX)/libexec/authhelper
man1dir  = $(DESTDIR)$(PREFIX)/share/man/man1
man5dir  = $(DESTDIR)$(PREFIX)/share/man/man5
bashdir  = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
zshdir   = $(DESTDIR)$(ZSH_COMPLETION_DIR)
# Where zsh looks: Debian and Ubuntu's zsh searches /usr/share/zsh/vendor-completions (not
# site-functions) for packaged completions; other layouts, and every /usr/local, site-functions.
ifeq ($(PREFIX),/usr)
ZSH_COMPLETION_DIR ?= $(if $(wildcard /etc/debian_version),/usr/share/zsh/vendor-completions,/usr/share/zsh/site-functions)
else
ZSH_COMPLETION_DIR ?= $(PREFIX)/share/zsh/site-functions
endif
fishdir  = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
# systemd user units (the agent's socket): where systemd looks for packaged ones under the prefix.
userunitdir = $(DESTDIR)$(PREFIX)/lib/systemd/user

.PHONY: all build install uninstall deb docs clean

all: build

# authhelper-full: the Swift stdlib static (no library to find at run time); linked by lld with
# packed relative relocations (DT_RELR, glibc >= 2.36), so a start touches fewer pages: a cache-off
# kernel-store `header` 4.2 -> 3.3 ms, `--version` 4.3 -> 3.8 ms (hyperfine, 300 runs, one run).
FULL_LINK = -Xswiftc -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs

# authhelper (the front): Embedded Swift over WarmPath's own sources, linked -static with lld
# (Package.swift). Measured (hyperfine, one run each, numbers in docs/speed.md): a warm `header`
# 0.8 ms where the same sources as full Swift -static-executable took 1.4 ms, peak RSS 1.1 MB
# against 3.9 MB. scripts/check-toolchain says what a toolchain lacks for it; there is no
# fallback to a slower front.
build:
ifndef NO_BUILD
	scripts/check-toolchain $(SWIFT)
	$(SWIFT) build -c release --product authhelper
	$(SWIFT) build -c release --static-swift-stdlib --disable-local-rpath -Xswiftc -no-toolchain-stdlib-rpath $(FULL_LINK) \
	  --product authhelper-full
endif

install: build
	install -d $(bindir) $(libexecdir) $(man1dir) $(man5dir) $(bashdir) $(zshdir) $(fishdir) $(userunitdir)
	install -m 755 $(BIN) $(bindir)/authhelper
	install -m 755 $(FULL_BIN) $(libexecdir)/authhelper-full
	ln -sf authhelper $(bindir)/git-credential-authhelper
	ln -sf authhelper $(bindir)/docker-credential-authhelper
	ln -sf authhelper $(bindir)/terraform-credentials-authhelper
	# pip's and uv's `keyring` in a folder of its own, never over python3-keyring's /usr/bin/keyring.
	install -d $(libexecdir)/keyring
	ln -sf ../../../bin/authhelper $(libexecdir)/keyring/keyring
	install -m 644 man/*.1 $(man1dir)/
	install -m 644 man/*.5 $(man5dir)/
	echo '.so man1/authhelper-git-credential.1' >$(man1dir)/git-credential-authhelper.1
	chmod 644 $(man1dir)/git-credential-authhelper.1
	echo '.so man1/authhelper-docker-credential.1' >$(man1dir)/docker-credential-authhelper.1
	chmod 644 $(man1dir)/docker-credential-authhelper.1
	echo '.so man1/authhelper-terraform-credentials.1' >$(man1dir)/terraform-credentials-authhelper.1
	chmod 644 $(man1dir)/terraform-credentials-authhelper.1
	install -m 644 completions/authhelper.bash $(bashdir)/authhelper
	install -m 644 completions/_authhelper $(zshdir)/_authhelper
	install -m 644 completions/authhelper.fish $(fishdir)/authhelper.fish
	install -m 644 systemd/authhelper-agent.socket $(userunitdir)/authhelper-agent.socket
	sed 's|@bindir@|$(PREFIX)/bin|' systemd/authhelper-agent.service >$(userunitdir)/authhelper-agent.service
	chmod 644 $(userunitdir)/authhelper-agent.service

uninstall:
	rm -f $(bindir)/authhelper $(bindir)/git-credential-authhelper $(bindir)/docker-credential-authhelper $(libexecdir)/authhelper-full
	rm -f $(bindir)/terraform-credentials-authhelper $(libexecdir)/keyring/keyring
	-rmdir $(libexecdir)/keyring $(libexecdir) 2>/dev/null
	rm -f $(addprefix $(man1dir)/,$(notdir $(wildcard man/*.1))) $(addprefix $(man5dir)/,$(notdir $(wildcard man/*.5)))
	rm -f $(man1dir)/git-credential-authhelper.1 $(man1dir)/docker-credential-authhelper.1 $(man1dir)/terraform-credentials-authhelper.1
	rm -f $(bashdir)/authhelper $(zshdir)/_authhelper $(fishdir)/authhelper.fish
	rm -f $(userunitdir)/authhelper-agent.socket $(userunitdir)/authhelper-agent.service

deb: build
	DIST="$(DIST)" scripts/build-deb "$(BIN)" "$(VERSION)"

docs:
	scripts/regenerate-docs

clean:
	rm -rf dist
