package dev.warren.embedded;

import java.lang.reflect.Method;
import org.slf4j.LoggerFactory;

/**
 * Turns Qpid's own loggers down to WARN where the application's SLF4J backend is Logback and the
 * application has not set their level itself. Qpid logs every connection open/close and its start-up
 * at INFO, which would drown a demo's output. Done by reflection so that this module does not depend
 * on Logback; with any other backend it does nothing (configure {@code org.apache.qpid} and
 * {@code qpid.message} there).
 */
final class QuietLogging {
    private static final String[] QPID_LOGGERS = {"org.apache.qpid", "qpid"};

    private QuietLogging() {}

    static void apply() {
        for (String name : QPID_LOGGERS) {
            Object logger = LoggerFactory.getLogger(name);
            if (!logger.getClass().getName().equals("ch.qos.logback.classic.Logger")) return;
            try {
                Method getLevel = logger.getClass().getMethod("getLevel");
                if (getLevel.invoke(logger) != null) continue; // configured by the application: leave it
                Class<?> level = Class.forName("ch.qos.logback.classic.Level", false, logger.getClass().getClassLoader());
                logger.getClass().getMethod("setLevel", level).invoke(logger, level.getField("WARN").get(null));
            } catch (ReflectiveOperationException | LinkageError e) {
                return; // a Logback we do not know: its levels stay as configured
            }
        }
    }
}
