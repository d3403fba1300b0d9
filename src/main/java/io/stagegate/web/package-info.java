/**
 * What every controller shares: RFC 9457 problem details for every error (one advice, no internals in any body),
 * paging, the OpenAPI description and the caller's identity as an {@link io.stagegate.lifecycle.Actor}.
 */
package io.stagegate.web;
