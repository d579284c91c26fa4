package io.femto4j.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Creates the folder Apache Felix FileInstall watches ({@code felix.fileinstall.dir}, relative to
 * the working directory) before any bundle starts. FileInstall 3.7.4 does not create it: it logs
 * "... does not exist, please create it." and then watches nothing.
 *
 * <p>This class is no bundle: the bnd launcher of {@code femto4j.jar} finds it through the
 * {@code Embedded-Activator} header of this jar, which sits on the bndrun's {@code -runpath}, and
 * starts it with the system bundle's context.
 */
public final class DeployFolder implements BundleActivator {

    /** Read by the bnd launcher: start this activator after the framework is initialised, before the bundles start. */
    public static final String IMMEDIATE = "BEFORE_BUNDLES_START";

    /** FileInstall's property naming the folder it watches. */
    public static final String DIR_PROPERTY = "felix.fileinstall.dir";

    @Override
    public void start(BundleContext context) {
        String dir = context.getProperty(DIR_PROPERTY);
        if (dir == null || dir.isBlank()) {
            return;
        }
        try {
            Files.createDirectories(Path.of(dir.trim()));
        } catch (IOException | InvalidPathException | SecurityException e) {
            // the platform still starts; FileInstall then reports the missing folder itself
            System.err.println("femto4j: cannot create the deploy folder " + dir + ": " + e);
        }
    }

    @Override
    public void stop(BundleContext context) {
        // nothing to undo: the folder stays
    }
}
