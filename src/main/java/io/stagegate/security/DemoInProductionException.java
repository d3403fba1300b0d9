package io.stagegate.security;

/** Start-up refused: the demo and its well-known passwords were switched on together with the {@code prod} profile. */
public final class DemoInProductionException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    DemoInProductionException() {
        super("stagegate.demo.enabled=true is not allowed with the Spring profile 'prod': the demo creates users whose"
                + " password is 'demo'. Unset STAGEGATE_DEMO_ENABLED (or set it to false), or start without 'prod'.");
    }
}
