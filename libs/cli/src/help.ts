// `charmarr help`.
export const HELP = `charmarr: the Charmarr media stack on Juju (the embedded controller, or a real one)

Usage: charmarr <command> [arguments] [options]

Commands:
  up                                  start the embedded controller if needed; deploy bundle.yaml's apps and
                                      relations that are missing; follow the units; print status and next steps
  status [app...] [--watch] [--format json]
                                      model, apps, units, relations (--watch follows unit changes live)
  secrets [--reveal] [--format json]  secrets with owner, label, revision, rotation, grants
                                      (--reveal shows the values of your own user secrets only)
  rotate <app>                        run rotate-credentials on <app>/leader and wait for it
  config <app> [key=value...] [--reset key]
                                      show or set an app's config
  deploy <charm-file> [app] [--resource name=image] [--config key=value] [--trust]
  integrate <app>[:endpoint] <app>[:endpoint]
  remove-relation <app>[:endpoint] <app>[:endpoint]
  add-secret <name> key=value|key#file=path|key#base64=b64|key=- ...
                                      create a user secret; prints its URI. A value in argv is visible to every
                                      user of this machine (ps): prefer key#file=path, or key=- (standard input)
  grant-secret <name|uri> <app>...    let apps read a user secret
  update-secret <name|uri> key=value|key#file=path|key=- ...
  down                                stop the embedded controller (its state stays)
  destroy [--yes]                     stop it and remove its home dir (asks first without --yes)

Options:
  --home DIR            the embedded controller's home (default \${CHARMARR_HOME:-\${XDG_STATE_HOME:-~/.local/state}/charmarr})
  --controller URL      a real controller: wss://host:17070 (with --model)
  --model NAME          the real controller's model ([owner/]name)
  --user NAME           the real controller's user (default admin)
  --password-file FILE  the user's password (asked on the terminal otherwise; never from the environment)
  --ca-cert FILE        the real controller's CA certificate (PEM)
  --timeout DURATION    how long each API call may take (default 30s; e.g. 500ms, 2m)
  --bundle FILE         up: the bundle to deploy (default bundle.yaml at the repository root)
`;
