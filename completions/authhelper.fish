function __authhelper_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __authhelper_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __authhelper_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __authhelper_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __authhelper_parse_tokens -S
    set -l unparsed_tokens (__authhelper_tokens -pc)
    switch $unparsed_tokens[1]
    case 'authhelper'
        __authhelper_parse_subcommand 0 'profile=' 'config=' 'v/verbose' 'timeout=' 'no-prompt' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'login'
            __authhelper_parse_subcommand 1 'profile=' 'config=' 'v/verbose' 'timeout=' 'no-prompt' 'server=' 'username=' 'client-id=' 'scope=' 'password-stdin' 'with-client-secret' 'issuer=' 'token-url=' 'remember-password' 'forward' 'device' 'browser' 'no-browser' 'redirect-port=' 'browser-timeout=' 'device-authorization-url=' 'authorization-url=' 'client-auth=' 'param=+' 'resource=+' 'registry=+' 'ca-file=' 'set-default' 'dpop' 'version' 'h/help'
        case 'header'
            __authhelper_parse_subcommand 0 'profile=' 'config=' 'v/verbose' 'timeout=' 'no-prompt' 'min-ttl=' 'resource=+' 'scope=' 'method=' 'url=' 'version' 'h/help'
        case 'token'
            __authhelper_parse_subcommand 0 'profile=' 'config=' 'v/verbose' 'timeout=' 'no-prompt' 'min-ttl=' 'resource=+' 'scope=' 'version' 'h/help'
        case 'refresh'
            __authhelper_parse_subcommand 0 'profile=' 'config=' 'v/verbose' 'timeout=' 'no-prompt' 'version' 'h/help'
        case 'status'
            __authhelper_parse_subcommand 0 'profile=' 'config=' 'v/verbose' 'timeout=' 'no-prompt' 'all' 'json' 'version' 'h/help'
        case 'logout'
            __authhelper_parse_subcommand 0 'profile=' 'config=' 'v/verbose' 'timeout=' 'no-prompt' 'all' 'local' 'forget' 'version' 'h/help'
        case 'curl'
            __authhelper_parse_subcommand -r 1 'profile=' 'config=' 'v/verbose' 'timeout=' 'no-prompt' 'min-ttl=' 'resource=+' 'scope=' 'no-retry' 'version' 'h/help'
        case 'exec'
            __authhelper_parse_subcommand -r 1 'profile=' 'config=' 'v/verbose' 'timeout=' 'no-prompt' 'min-ttl=' 'resource=+' 'scope=' 'env=' 'header-env=' 'token-file' 'version' 'h/help'
        case 'git-credential'
            __authhelper_parse_subcommand 1 'profile=' 'config=' 'v/verbose' 'timeout=' 'no-prompt' 'version' 'h/help'
        case 'docker-credential'
            __authhelper_parse_subcommand 1 'profile=' 'config=' 'v/verbose' 'timeout=' 'no-prompt' 'version' 'h/help'
        case 'kube-credential'
            __authhelper_parse_subcommand 0 'profile=' 'config=' 'v/verbose' 'timeout=' 'no-prompt' 'min-ttl=' 'resource=+' 'scope=' 'version' 'h/help'
        case 'cargo-credential'
            __authhelper_parse_subcommand 0 'profile=' 'config=' 'v/verbose' 'timeout=' 'no-prompt' 'cargo-plugin' 'version' 'h/help'
        case 'goauth'
            __authhelper_parse_subcommand 1 'profile=' 'config=' 'v/verbose' 'timeout=' 'no-prompt' 'version' 'h/help'
        case 'terraform-credentials'
            __authhelper_parse_subcommand 2 'profile=' 'config=' 'v/verbose' 'timeout=' 'no-prompt' 'version' 'h/help'
        case 'keyring'
            __authhelper_parse_subcommand -r 1 'profile=' 'config=' 'v/verbose' 'timeout=' 'no-prompt' 'version' 'h/help'
        case 'mcp-headers'
            __authhelper_parse_subcommand 0 'profile=' 'config=' 'v/verbose' 'timeout=' 'no-prompt' 'url=' 'version' 'h/help'
        case 'mcp-proxy'
            __authhelper_parse_subcommand 1 'profile=' 'config=' 'v/verbose' 'timeout=' 'no-prompt' 'version' 'h/help'
        case 'agent'
            __authhelper_parse_subcommand 0 'profile=' 'config=' 'v/verbose' 'timeout=' 'no-prompt' 'socket=' 'version' 'h/help'
        case 'ssh'
            __authhelper_parse_subcommand -r 1 'profile=' 'config=' 'v/verbose' 'timeout=' 'no-prompt' 'version' 'h/help'
        case 'doctor'
            __authhelper_parse_subcommand 0 'profile=' 'config=' 'v/verbose' 'timeout=' 'no-prompt' 'all' 'refresh' 'json' 'version' 'h/help'
        case 'help'
            __authhelper_parse_subcommand -r 1 'version'
        end
    end
end

function __authhelper_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __authhelper_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __authhelper_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __authhelper_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__authhelper_tokens -p)
    if test -z "$(__authhelper_tokens -t)"
        set -l index (count (__authhelper_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'authhelper' -f
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper" profile' -l 'profile' -d 'The profile to use (else $AUTHHELPER_PROFILE, else the config\'s default_profile, else \'default\').' -rfka '(__authhelper_custom_completion ---completion -- --profile (count (__authhelper_tokens -pc)) (__authhelper_tokens -tC))'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper" config' -l 'config' -d 'The config file (else $AUTHHELPER_CONFIG, else $XDG_CONFIG_HOME/authhelper/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper" v verbose' -l 'verbose' -s 'v' -d 'Write diagnostics to stderr; secrets are never shown.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper" timeout' -l 'timeout' -d 'Seconds for a whole request to the server (else the profile\'s timeout, else 30).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper" no-prompt' -l 'no-prompt' -d 'Never ask on the terminal (also AUTHHELPER_NO_PROMPT=1); an ended session exits 77.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper" version' -l 'version' -d 'Show the version.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_positional "authhelper" -eq 1' -fa 'login' -d 'Log in and keep the session in the keyring.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_positional "authhelper" -eq 1' -fa 'header' -d 'Print \'Authorization: Bearer <access token>\'.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_positional "authhelper" -eq 1' -fa 'token' -d 'Print the bare access token.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_positional "authhelper" -eq 1' -fa 'refresh' -d 'Refresh the access token now.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_positional "authhelper" -eq 1' -fa 'status' -d 'Show the server, user and token state of a profile (never a secret).'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_positional "authhelper" -eq 1' -fa 'logout' -d 'Delete the profile\'s secrets from the keyring and the runtime cache.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_positional "authhelper" -eq 1' -fa 'curl' -d 'Run curl with a fresh bearer header that is in no process\'s argv.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_positional "authhelper" -eq 1' -fa 'exec' -d 'Run a program with a fresh access token in its environment (never in argv).'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_positional "authhelper" -eq 1' -fa 'git-credential' -d 'Act as a git credential helper (get, store, erase).'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_positional "authhelper" -eq 1' -fa 'docker-credential' -d 'Act as the container tools\' credential helper (get, store, erase, list, version).'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_positional "authhelper" -eq 1' -fa 'kube-credential' -d 'Act as a kubectl exec credential plugin.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_positional "authhelper" -eq 1' -fa 'cargo-credential' -d 'Act as a cargo credential provider (what cargo runs as `authhelper --cargo-plugin`).'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_positional "authhelper" -eq 1' -fa 'goauth' -d 'Act as a Go GOAUTH command (Go 1.24 and later).'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_positional "authhelper" -eq 1' -fa 'terraform-credentials' -d 'Act as a Terraform or OpenTofu credentials helper (get, store, forget).'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_positional "authhelper" -eq 1' -fa 'keyring' -d 'Act as the keyring command of pip and uv (--keyring-provider subprocess).'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_positional "authhelper" -eq 1' -fa 'mcp-headers' -d 'Print the headers of an MCP server\'s requests as JSON (Claude Code\'s headersHelper).'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_positional "authhelper" -eq 1' -fa 'mcp-proxy' -d 'Serve a streamable-HTTP MCP server to a stdio MCP client, with a fresh token on every request.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_positional "authhelper" -eq 1' -fa 'agent' -d 'Serve access tokens to machines you reach over SSH, on a forwarded socket.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_positional "authhelper" -eq 1' -fa 'ssh' -d 'ssh to a host with the agent\'s socket forwarded, for this one connection.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_positional "authhelper" -eq 1' -fa 'doctor' -d 'Check the whole setup of a profile, and name the fix for what is wrong.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_positional "authhelper" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" profile' -l 'profile' -d 'The profile to use (else $AUTHHELPER_PROFILE, else the config\'s default_profile, else \'default\').' -rfka '(__authhelper_custom_completion ---completion login -- --profile (count (__authhelper_tokens -pc)) (__authhelper_tokens -tC))'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" config' -l 'config' -d 'The config file (else $AUTHHELPER_CONFIG, else $XDG_CONFIG_HOME/authhelper/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" v verbose' -l 'verbose' -s 'v' -d 'Write diagnostics to stderr; secrets are never shown.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" timeout' -l 'timeout' -d 'Seconds for a whole request to the server (else the profile\'s timeout, else 30).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" no-prompt' -l 'no-prompt' -d 'Never ask on the terminal (also AUTHHELPER_NO_PROMPT=1); an ended session exits 77.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" server' -l 'server' -d 'The server\'s base URL: https://host[:port][/path].' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" username' -l 'username' -d 'The user to log in as.' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" client-id' -l 'client-id' -d 'The client ID to send (your server names it: often cli).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" scope' -l 'scope' -d 'The scope to request.' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" password-stdin' -l 'password-stdin' -d 'Read the password from the first line of standard input.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" with-client-secret' -l 'with-client-secret' -d 'Also ask for a client secret (with --password-stdin: the second line of standard input).'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" issuer' -l 'issuer' -d 'A standard OAuth 2.0 server to discover (RFC 8414, then OpenID Connect); --server defaults to it.' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" token-url' -l 'token-url' -d 'A standard OAuth 2.0 token endpoint, for servers that publish no metadata.' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" remember-password' -l 'remember-password' -d 'Keep the password in the keyring item and log in again by itself when the session ends (not with the file store).'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" forward' -l 'forward' -d 'Let `authhelper agent` hand this profile\'s access tokens to machines its socket is forwarded to over SSH (forward = true).'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" device' -l 'device' -d 'Log in by confirming a code in a browser on any device (RFC 8628 device authorization grant); no password here.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" browser' -l 'browser' -d 'Log in in a browser on this machine (authorization code with PKCE, redirect to 127.0.0.1); no password here.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" no-browser' -l 'no-browser' -d 'With --browser: print the address to open instead of starting a browser.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" redirect-port' -l 'redirect-port' -d 'With --browser: listen on this port of 127.0.0.1 (for a server that registered it, or `ssh -L N:127.0.0.1:N`); default: any free port.' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" browser-timeout' -l 'browser-timeout' -d 'With --browser: seconds to wait for the browser\'s answer.' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" device-authorization-url' -l 'device-authorization-url' -d 'The device authorization endpoint, for servers that do not publish it.' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" authorization-url' -l 'authorization-url' -d 'The authorization endpoint, for servers that do not publish it.' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" client-auth' -l 'client-auth' -d 'How a client with a secret authenticates: basic, post or none (recorded; default: as the server\'s metadata suggests).' -rfka 'basic post none'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login"' -l 'param' -d 'An extra parameter for the authorization and token requests, as NAME=VALUE (repeatable, recorded; never a secret), e.g. audience=https://api.example.com.' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login"' -l 'resource' -d 'An API the session is for, as its absolute URI (RFC 8707; repeatable, recorded): sent with the login, and `authhelper curl` asks for its own token for URLs on its origin.' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login"' -l 'registry' -d 'A container registry this profile answers for in docker-credential-authhelper (HOST or HOST:PORT; repeatable, recorded): docker, podman, skopeo and buildah get a fresh access token for it.' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" ca-file' -l 'ca-file' -d 'A CA bundle (PEM) to verify the server with, for a server signed by a private CA (recorded as ca_file).' -rfa '(set -l exts \'pem\' \'crt\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" set-default' -l 'set-default' -d 'Make this profile the default (default_profile in the config).'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" dpop' -l 'dpop' -d 'Bind the session\'s tokens to a new P-256 key kept in the store (DPoP, RFC 9449; with --issuer or --token-url), so that a stolen token is of no use without it (recorded as dpop = true).'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" version' -l 'version' -d 'Show the version.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper login" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper header" profile' -l 'profile' -d 'The profile to use (else $AUTHHELPER_PROFILE, else the config\'s default_profile, else \'default\').' -rfka '(__authhelper_custom_completion ---completion header -- --profile (count (__authhelper_tokens -pc)) (__authhelper_tokens -tC))'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper header" config' -l 'config' -d 'The config file (else $AUTHHELPER_CONFIG, else $XDG_CONFIG_HOME/authhelper/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper header" v verbose' -l 'verbose' -s 'v' -d 'Write diagnostics to stderr; secrets are never shown.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper header" timeout' -l 'timeout' -d 'Seconds for a whole request to the server (else the profile\'s timeout, else 30).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper header" no-prompt' -l 'no-prompt' -d 'Never ask on the terminal (also AUTHHELPER_NO_PROMPT=1); an ended session exits 77.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper header" min-ttl' -l 'min-ttl' -d 'Hand out a token with at least this many seconds left, refreshing first if needed (default: 60, capped at half the token\'s lifetime).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper header"' -l 'resource' -d 'The API the token is for, as its absolute URI (RFC 8707 resource indicator; repeatable if the server allows several).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper header" scope' -l 'scope' -d 'A scope for this token, narrower than the login\'s (RFC 6749 §6).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper header" method' -l 'method' -d 'The method of the request the header is for (with --url): a DPoP profile\'s proof names it.' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper header" url' -l 'url' -d 'The URL of the request the header is for (with --method): one of the profile\'s origins, as for authhelper curl; a URL on a resource\'s origin gets that resource\'s token.' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper header" version' -l 'version' -d 'Show the version.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper header" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper token" profile' -l 'profile' -d 'The profile to use (else $AUTHHELPER_PROFILE, else the config\'s default_profile, else \'default\').' -rfka '(__authhelper_custom_completion ---completion token -- --profile (count (__authhelper_tokens -pc)) (__authhelper_tokens -tC))'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper token" config' -l 'config' -d 'The config file (else $AUTHHELPER_CONFIG, else $XDG_CONFIG_HOME/authhelper/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper token" v verbose' -l 'verbose' -s 'v' -d 'Write diagnostics to stderr; secrets are never shown.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper token" timeout' -l 'timeout' -d 'Seconds for a whole request to the server (else the profile\'s timeout, else 30).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper token" no-prompt' -l 'no-prompt' -d 'Never ask on the terminal (also AUTHHELPER_NO_PROMPT=1); an ended session exits 77.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper token" min-ttl' -l 'min-ttl' -d 'Hand out a token with at least this many seconds left, refreshing first if needed (default: 60, capped at half the token\'s lifetime).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper token"' -l 'resource' -d 'The API the token is for, as its absolute URI (RFC 8707 resource indicator; repeatable if the server allows several).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper token" scope' -l 'scope' -d 'A scope for this token, narrower than the login\'s (RFC 6749 §6).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper token" version' -l 'version' -d 'Show the version.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper token" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper refresh" profile' -l 'profile' -d 'The profile to use (else $AUTHHELPER_PROFILE, else the config\'s default_profile, else \'default\').' -rfka '(__authhelper_custom_completion ---completion refresh -- --profile (count (__authhelper_tokens -pc)) (__authhelper_tokens -tC))'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper refresh" config' -l 'config' -d 'The config file (else $AUTHHELPER_CONFIG, else $XDG_CONFIG_HOME/authhelper/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper refresh" v verbose' -l 'verbose' -s 'v' -d 'Write diagnostics to stderr; secrets are never shown.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper refresh" timeout' -l 'timeout' -d 'Seconds for a whole request to the server (else the profile\'s timeout, else 30).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper refresh" no-prompt' -l 'no-prompt' -d 'Never ask on the terminal (also AUTHHELPER_NO_PROMPT=1); an ended session exits 77.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper refresh" version' -l 'version' -d 'Show the version.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper refresh" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper status" profile' -l 'profile' -d 'The profile to use (else $AUTHHELPER_PROFILE, else the config\'s default_profile, else \'default\').' -rfka '(__authhelper_custom_completion ---completion status -- --profile (count (__authhelper_tokens -pc)) (__authhelper_tokens -tC))'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper status" config' -l 'config' -d 'The config file (else $AUTHHELPER_CONFIG, else $XDG_CONFIG_HOME/authhelper/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper status" v verbose' -l 'verbose' -s 'v' -d 'Write diagnostics to stderr; secrets are never shown.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper status" timeout' -l 'timeout' -d 'Seconds for a whole request to the server (else the profile\'s timeout, else 30).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper status" no-prompt' -l 'no-prompt' -d 'Never ask on the terminal (also AUTHHELPER_NO_PROMPT=1); an ended session exits 77.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper status" all' -l 'all' -d 'Show every profile in the config file.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper status" json' -l 'json' -d 'Print JSON (an object; with --all, an array).'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper status" version' -l 'version' -d 'Show the version.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper logout" profile' -l 'profile' -d 'The profile to use (else $AUTHHELPER_PROFILE, else the config\'s default_profile, else \'default\').' -rfka '(__authhelper_custom_completion ---completion logout -- --profile (count (__authhelper_tokens -pc)) (__authhelper_tokens -tC))'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper logout" config' -l 'config' -d 'The config file (else $AUTHHELPER_CONFIG, else $XDG_CONFIG_HOME/authhelper/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper logout" v verbose' -l 'verbose' -s 'v' -d 'Write diagnostics to stderr; secrets are never shown.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper logout" timeout' -l 'timeout' -d 'Seconds for a whole request to the server (else the profile\'s timeout, else 30).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper logout" no-prompt' -l 'no-prompt' -d 'Never ask on the terminal (also AUTHHELPER_NO_PROMPT=1); an ended session exits 77.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper logout" all' -l 'all' -d 'Log out of every profile.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper logout" local' -l 'local' -d 'Delete the local secrets only; send nothing to the server.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper logout" forget' -l 'forget' -d 'Remove the profile from the config file as well (with --all, every profile).'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper logout" version' -l 'version' -d 'Show the version.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper logout" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper curl" profile' -l 'profile' -d 'The profile to use (else $AUTHHELPER_PROFILE, else the config\'s default_profile, else \'default\').' -rfka '(__authhelper_custom_completion ---completion curl -- --profile (count (__authhelper_tokens -pc)) (__authhelper_tokens -tC))'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper curl" config' -l 'config' -d 'The config file (else $AUTHHELPER_CONFIG, else $XDG_CONFIG_HOME/authhelper/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper curl" v verbose' -l 'verbose' -s 'v' -d 'Write diagnostics to stderr; secrets are never shown.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper curl" timeout' -l 'timeout' -d 'Seconds for a whole request to the server (else the profile\'s timeout, else 30).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper curl" no-prompt' -l 'no-prompt' -d 'Never ask on the terminal (also AUTHHELPER_NO_PROMPT=1); an ended session exits 77.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper curl" min-ttl' -l 'min-ttl' -d 'Hand out a token with at least this many seconds left, refreshing first if needed (default: 60, capped at half the token\'s lifetime).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper curl"' -l 'resource' -d 'The API the token is for, as its absolute URI (RFC 8707 resource indicator; repeatable if the server allows several).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper curl" scope' -l 'scope' -d 'A scope for this token, narrower than the login\'s (RFC 6749 §6).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper curl" no-retry' -l 'no-retry' -d 'Do not retry on HTTP 401; stream curl\'s output directly.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper curl" version' -l 'version' -d 'Show the version.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper curl" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper exec" profile' -l 'profile' -d 'The profile to use (else $AUTHHELPER_PROFILE, else the config\'s default_profile, else \'default\').' -rfka '(__authhelper_custom_completion ---completion exec -- --profile (count (__authhelper_tokens -pc)) (__authhelper_tokens -tC))'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper exec" config' -l 'config' -d 'The config file (else $AUTHHELPER_CONFIG, else $XDG_CONFIG_HOME/authhelper/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper exec" v verbose' -l 'verbose' -s 'v' -d 'Write diagnostics to stderr; secrets are never shown.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper exec" timeout' -l 'timeout' -d 'Seconds for a whole request to the server (else the profile\'s timeout, else 30).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper exec" no-prompt' -l 'no-prompt' -d 'Never ask on the terminal (also AUTHHELPER_NO_PROMPT=1); an ended session exits 77.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper exec" min-ttl' -l 'min-ttl' -d 'Hand out a token with at least this many seconds left, refreshing first if needed (default: 60, capped at half the token\'s lifetime).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper exec"' -l 'resource' -d 'The API the token is for, as its absolute URI (RFC 8707 resource indicator; repeatable if the server allows several).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper exec" scope' -l 'scope' -d 'A scope for this token, narrower than the login\'s (RFC 6749 §6).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper exec" env' -l 'env' -d 'The environment variable for the token (default AUTHHELPER_TOKEN).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper exec" header-env' -l 'header-env' -d 'An environment variable for the whole \'Authorization: Bearer …\' header.' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper exec" token-file' -l 'token-file' -d 'Keep a 0600 token file fresh while the program runs; its path is in AUTHHELPER_TOKEN_FILE.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper exec" version' -l 'version' -d 'Show the version.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper exec" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper git-credential" profile' -l 'profile' -d 'The profile to use (else $AUTHHELPER_PROFILE, else the config\'s default_profile, else \'default\').' -rfka '(__authhelper_custom_completion ---completion git-credential -- --profile (count (__authhelper_tokens -pc)) (__authhelper_tokens -tC))'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper git-credential" config' -l 'config' -d 'The config file (else $AUTHHELPER_CONFIG, else $XDG_CONFIG_HOME/authhelper/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper git-credential" v verbose' -l 'verbose' -s 'v' -d 'Write diagnostics to stderr; secrets are never shown.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper git-credential" timeout' -l 'timeout' -d 'Seconds for a whole request to the server (else the profile\'s timeout, else 30).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper git-credential" no-prompt' -l 'no-prompt' -d 'Never ask on the terminal (also AUTHHELPER_NO_PROMPT=1); an ended session exits 77.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper git-credential" version' -l 'version' -d 'Show the version.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper git-credential" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper docker-credential" profile' -l 'profile' -d 'The profile to use (else $AUTHHELPER_PROFILE, else the config\'s default_profile, else \'default\').' -rfka '(__authhelper_custom_completion ---completion docker-credential -- --profile (count (__authhelper_tokens -pc)) (__authhelper_tokens -tC))'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper docker-credential" config' -l 'config' -d 'The config file (else $AUTHHELPER_CONFIG, else $XDG_CONFIG_HOME/authhelper/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper docker-credential" v verbose' -l 'verbose' -s 'v' -d 'Write diagnostics to stderr; secrets are never shown.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper docker-credential" timeout' -l 'timeout' -d 'Seconds for a whole request to the server (else the profile\'s timeout, else 30).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper docker-credential" no-prompt' -l 'no-prompt' -d 'Never ask on the terminal (also AUTHHELPER_NO_PROMPT=1); an ended session exits 77.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper docker-credential" version' -l 'version' -d 'Show the version.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper docker-credential" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper kube-credential" profile' -l 'profile' -d 'The profile to use (else $AUTHHELPER_PROFILE, else the config\'s default_profile, else \'default\').' -rfka '(__authhelper_custom_completion ---completion kube-credential -- --profile (count (__authhelper_tokens -pc)) (__authhelper_tokens -tC))'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper kube-credential" config' -l 'config' -d 'The config file (else $AUTHHELPER_CONFIG, else $XDG_CONFIG_HOME/authhelper/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper kube-credential" v verbose' -l 'verbose' -s 'v' -d 'Write diagnostics to stderr; secrets are never shown.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper kube-credential" timeout' -l 'timeout' -d 'Seconds for a whole request to the server (else the profile\'s timeout, else 30).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper kube-credential" no-prompt' -l 'no-prompt' -d 'Never ask on the terminal (also AUTHHELPER_NO_PROMPT=1); an ended session exits 77.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper kube-credential" min-ttl' -l 'min-ttl' -d 'Hand out a token with at least this many seconds left, refreshing first if needed (default: 60, capped at half the token\'s lifetime).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper kube-credential"' -l 'resource' -d 'The API the token is for, as its absolute URI (RFC 8707 resource indicator; repeatable if the server allows several).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper kube-credential" scope' -l 'scope' -d 'A scope for this token, narrower than the login\'s (RFC 6749 §6).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper kube-credential" version' -l 'version' -d 'Show the version.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper kube-credential" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper cargo-credential" profile' -l 'profile' -d 'The profile to use (else $AUTHHELPER_PROFILE, else the config\'s default_profile, else \'default\').' -rfka '(__authhelper_custom_completion ---completion cargo-credential -- --profile (count (__authhelper_tokens -pc)) (__authhelper_tokens -tC))'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper cargo-credential" config' -l 'config' -d 'The config file (else $AUTHHELPER_CONFIG, else $XDG_CONFIG_HOME/authhelper/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper cargo-credential" v verbose' -l 'verbose' -s 'v' -d 'Write diagnostics to stderr; secrets are never shown.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper cargo-credential" timeout' -l 'timeout' -d 'Seconds for a whole request to the server (else the profile\'s timeout, else 30).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper cargo-credential" no-prompt' -l 'no-prompt' -d 'Never ask on the terminal (also AUTHHELPER_NO_PROMPT=1); an ended session exits 77.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper cargo-credential" cargo-plugin' -l 'cargo-plugin' -d 'Cargo\'s mark that it runs the provider (always given by cargo).'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper cargo-credential" version' -l 'version' -d 'Show the version.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper cargo-credential" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper goauth" profile' -l 'profile' -d 'The profile to use (else $AUTHHELPER_PROFILE, else the config\'s default_profile, else \'default\').' -rfka '(__authhelper_custom_completion ---completion goauth -- --profile (count (__authhelper_tokens -pc)) (__authhelper_tokens -tC))'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper goauth" config' -l 'config' -d 'The config file (else $AUTHHELPER_CONFIG, else $XDG_CONFIG_HOME/authhelper/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper goauth" v verbose' -l 'verbose' -s 'v' -d 'Write diagnostics to stderr; secrets are never shown.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper goauth" timeout' -l 'timeout' -d 'Seconds for a whole request to the server (else the profile\'s timeout, else 30).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper goauth" no-prompt' -l 'no-prompt' -d 'Never ask on the terminal (also AUTHHELPER_NO_PROMPT=1); an ended session exits 77.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper goauth" version' -l 'version' -d 'Show the version.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper goauth" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper terraform-credentials" profile' -l 'profile' -d 'The profile to use (else $AUTHHELPER_PROFILE, else the config\'s default_profile, else \'default\').' -rfka '(__authhelper_custom_completion ---completion terraform-credentials -- --profile (count (__authhelper_tokens -pc)) (__authhelper_tokens -tC))'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper terraform-credentials" config' -l 'config' -d 'The config file (else $AUTHHELPER_CONFIG, else $XDG_CONFIG_HOME/authhelper/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper terraform-credentials" v verbose' -l 'verbose' -s 'v' -d 'Write diagnostics to stderr; secrets are never shown.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper terraform-credentials" timeout' -l 'timeout' -d 'Seconds for a whole request to the server (else the profile\'s timeout, else 30).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper terraform-credentials" no-prompt' -l 'no-prompt' -d 'Never ask on the terminal (also AUTHHELPER_NO_PROMPT=1); an ended session exits 77.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper terraform-credentials" version' -l 'version' -d 'Show the version.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper terraform-credentials" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper keyring" profile' -l 'profile' -d 'The profile to use (else $AUTHHELPER_PROFILE, else the config\'s default_profile, else \'default\').' -rfka '(__authhelper_custom_completion ---completion keyring -- --profile (count (__authhelper_tokens -pc)) (__authhelper_tokens -tC))'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper keyring" config' -l 'config' -d 'The config file (else $AUTHHELPER_CONFIG, else $XDG_CONFIG_HOME/authhelper/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper keyring" v verbose' -l 'verbose' -s 'v' -d 'Write diagnostics to stderr; secrets are never shown.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper keyring" timeout' -l 'timeout' -d 'Seconds for a whole request to the server (else the profile\'s timeout, else 30).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper keyring" no-prompt' -l 'no-prompt' -d 'Never ask on the terminal (also AUTHHELPER_NO_PROMPT=1); an ended session exits 77.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper keyring" version' -l 'version' -d 'Show the version.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper keyring" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper mcp-headers" profile' -l 'profile' -d 'The profile to use (else $AUTHHELPER_PROFILE, else the config\'s default_profile, else \'default\').' -rfka '(__authhelper_custom_completion ---completion mcp-headers -- --profile (count (__authhelper_tokens -pc)) (__authhelper_tokens -tC))'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper mcp-headers" config' -l 'config' -d 'The config file (else $AUTHHELPER_CONFIG, else $XDG_CONFIG_HOME/authhelper/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper mcp-headers" v verbose' -l 'verbose' -s 'v' -d 'Write diagnostics to stderr; secrets are never shown.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper mcp-headers" timeout' -l 'timeout' -d 'Seconds for a whole request to the server (else the profile\'s timeout, else 30).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper mcp-headers" no-prompt' -l 'no-prompt' -d 'Never ask on the terminal (also AUTHHELPER_NO_PROMPT=1); an ended session exits 77.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper mcp-headers" url' -l 'url' -d 'The MCP server\'s URL (else $CLAUDE_CODE_MCP_SERVER_URL).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper mcp-headers" version' -l 'version' -d 'Show the version.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper mcp-headers" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper mcp-proxy" profile' -l 'profile' -d 'The profile to use (else $AUTHHELPER_PROFILE, else the config\'s default_profile, else \'default\').' -rfka '(__authhelper_custom_completion ---completion mcp-proxy -- --profile (count (__authhelper_tokens -pc)) (__authhelper_tokens -tC))'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper mcp-proxy" config' -l 'config' -d 'The config file (else $AUTHHELPER_CONFIG, else $XDG_CONFIG_HOME/authhelper/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper mcp-proxy" v verbose' -l 'verbose' -s 'v' -d 'Write diagnostics to stderr; secrets are never shown.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper mcp-proxy" timeout' -l 'timeout' -d 'Seconds for a whole request to the server (else the profile\'s timeout, else 30).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper mcp-proxy" no-prompt' -l 'no-prompt' -d 'Never ask on the terminal (also AUTHHELPER_NO_PROMPT=1); an ended session exits 77.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper mcp-proxy" version' -l 'version' -d 'Show the version.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper mcp-proxy" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper agent" profile' -l 'profile' -d 'The profile to use (else $AUTHHELPER_PROFILE, else the config\'s default_profile, else \'default\').' -rfka '(__authhelper_custom_completion ---completion agent -- --profile (count (__authhelper_tokens -pc)) (__authhelper_tokens -tC))'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper agent" config' -l 'config' -d 'The config file (else $AUTHHELPER_CONFIG, else $XDG_CONFIG_HOME/authhelper/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper agent" v verbose' -l 'verbose' -s 'v' -d 'Write diagnostics to stderr; secrets are never shown.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper agent" timeout' -l 'timeout' -d 'Seconds for a whole request to the server (else the profile\'s timeout, else 30).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper agent" no-prompt' -l 'no-prompt' -d 'Never ask on the terminal (also AUTHHELPER_NO_PROMPT=1); an ended session exits 77.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper agent" socket' -l 'socket' -d 'The socket to serve on (default: $XDG_RUNTIME_DIR/authhelper/agent.sock).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper agent" version' -l 'version' -d 'Show the version.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper agent" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper ssh" profile' -l 'profile' -d 'The profile to use (else $AUTHHELPER_PROFILE, else the config\'s default_profile, else \'default\').' -rfka '(__authhelper_custom_completion ---completion ssh -- --profile (count (__authhelper_tokens -pc)) (__authhelper_tokens -tC))'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper ssh" config' -l 'config' -d 'The config file (else $AUTHHELPER_CONFIG, else $XDG_CONFIG_HOME/authhelper/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper ssh" v verbose' -l 'verbose' -s 'v' -d 'Write diagnostics to stderr; secrets are never shown.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper ssh" timeout' -l 'timeout' -d 'Seconds for a whole request to the server (else the profile\'s timeout, else 30).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper ssh" no-prompt' -l 'no-prompt' -d 'Never ask on the terminal (also AUTHHELPER_NO_PROMPT=1); an ended session exits 77.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper ssh" version' -l 'version' -d 'Show the version.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper ssh" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper doctor" profile' -l 'profile' -d 'The profile to use (else $AUTHHELPER_PROFILE, else the config\'s default_profile, else \'default\').' -rfka '(__authhelper_custom_completion ---completion doctor -- --profile (count (__authhelper_tokens -pc)) (__authhelper_tokens -tC))'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper doctor" config' -l 'config' -d 'The config file (else $AUTHHELPER_CONFIG, else $XDG_CONFIG_HOME/authhelper/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper doctor" v verbose' -l 'verbose' -s 'v' -d 'Write diagnostics to stderr; secrets are never shown.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper doctor" timeout' -l 'timeout' -d 'Seconds for a whole request to the server (else the profile\'s timeout, else 30).' -rfka ''
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper doctor" no-prompt' -l 'no-prompt' -d 'Never ask on the terminal (also AUTHHELPER_NO_PROMPT=1); an ended session exits 77.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper doctor" all' -l 'all' -d 'Check every profile.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper doctor" refresh' -l 'refresh' -d 'Also refresh once, to show that a refresh works (spends the refresh token; the new pair is stored).'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper doctor" json' -l 'json' -d 'Print JSON (an array of checks).'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper doctor" version' -l 'version' -d 'Show the version.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper doctor" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'authhelper' -n '__authhelper_should_offer_completions_for_flags_or_options "authhelper help" version' -l 'version' -d 'Show the version.'
