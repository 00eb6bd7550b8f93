"""Pure domain layer of the directory service: no I/O, no clock, no framework.

Modules:
  enums, reference          codes of DIR §3.1 and the legislative-area catalogue (X-004)
  (refusals)                the kernel's imi_shared.errors: Forbidden, NotFound, Conflict, InvalidInput
  profile, changes          what rules read of an authority (AuthorityProfile) and the
                            queries over it; what a command hands back (AuthorityChange)
  actors, permissions       who acts, and the LDA / validating / access coordinator checks
  roles                     coordinator hierarchy, capability matrix, uniqueness (DIR §3.2)
  parameters                workflow parameters and their defaults (DIR §3.4)
  authority                 the Authority aggregate: its state, delegating to the modules below
  authority_status          the authority status machine (DIR §3.10)
  access, access_table      LA / workflow access status machines and their table (DIR §3.11)
  access_grants             granting and requesting an access (DIR-110, DIR-111)
  authority_editing         data, keywords, associated coordinators, parameters (DIR §3.3)
  role_changes              role changes and function reassignment (DIR §3.12, DIR-019)
  registration              registration by a coordinator (DIR §3.5)
  invitation, invitation_batch, dispatch
                            invitations, submission, daily limit, dispatch times (DIR §3.6)
  self_registration         self-registration and its validation (DIR §3.7)
  user_roles, staff, users, user_management, credentials
                            users, rights, constraints, login and lock-out (DIR §3.8, §3.9)
  policies                  read-side predicates (X-005, DIR-077, DIR-107, DIR-133...)
  events                    domain events (X-050)
  timeutil, validation      pure helpers
"""
