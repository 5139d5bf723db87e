/**
 * The engine's use cases, one class each, each owning its rule and its transaction: {@link
 * dev.latchkey.core.usecase.RequestSignIn}, {@link dev.latchkey.core.usecase.Redemption} (link, code,
 * PKCE), {@link dev.latchkey.core.usecase.EmailChange}, {@link dev.latchkey.core.usecase.Deny},
 * {@link dev.latchkey.core.usecase.LinkPreview}, {@link dev.latchkey.core.usecase.Accounts} and
 * {@link dev.latchkey.core.usecase.Purge}. Sessions are owned by {@link
 * dev.latchkey.core.session.UserSessions}; delivery by {@link dev.latchkey.core.delivery.DeliveryWorker}.
 * They share small package collaborators: {@link dev.latchkey.core.usecase.Audit} (events, published
 * inside the transaction they describe), {@link dev.latchkey.core.usecase.AccountStanding} (SPEC §2
 * rule 14), {@link dev.latchkey.core.usecase.ChallengeStates} (why a challenge cannot be used) and
 * {@link dev.latchkey.core.usecase.ChallengeLinks} (finding a challenge by its link). {@link
 * dev.latchkey.core.Latchkey} is the front that only delegates.
 */
@NullMarked
package dev.latchkey.core.usecase;

import org.jspecify.annotations.NullMarked;
