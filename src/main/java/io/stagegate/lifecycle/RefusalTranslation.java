package io.stagegate.lifecycle;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.stereotype.Component;

/**
 * Gives a rule's refusal its meaning on the engine's own channels. The engine wraps whatever a task listener throws
 * in a plain {@code ProcessEngineException}, which {@code /engine-rest} and Tasklist report as a server error (500).
 * This outermost command interceptor finds the {@link Refusal} in the cause chain and rethrows it as the engine's
 * {@link AuthorizationException} (403) or as a validation failure (400), keeping the refusal as the cause so that
 * Stagegate's own API still answers with the precise status and {@code missing} list.
 */
@Component
class RefusalTranslation extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<CommandInterceptor> interceptors = configuration.getCustomPreCommandInterceptorsTxRequired() == null
                ? new ArrayList<>()
                : new ArrayList<>(configuration.getCustomPreCommandInterceptorsTxRequired());
        interceptors.add(0, new Translator());
        configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
    }

    static final class Translator extends CommandInterceptor {

        @Override
        public <T> T execute(Command<T> command) {
            try {
                return next.execute(command);
            } catch (AuthorizationException | FormFieldValidationException alreadyTranslated) {
                throw alreadyTranslated;
            } catch (RuntimeException e) {
                Refusal refusal = refusalIn(e);
                if (refusal == null) {
                    throw e;
                }
                if (refusal.status() == 403) {
                    AuthorizationException forbidden = new AuthorizationException(refusal.getMessage());
                    forbidden.initCause(refusal);
                    throw forbidden;
                }
                String field = refusal.field() != null ? refusal.field() : "task";
                String detail = refusal.missing().isEmpty()
                        ? refusal.getMessage()
                        : refusal.getMessage() + "; missing: " + String.join(", ", refusal.missing());
                throw new FormFieldValidationException(field, detail, refusal);
            }
        }

        private static Refusal refusalIn(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof Refusal refusal) {
                    return refusal;
                }
            }
            return null;
        }
    }
}
