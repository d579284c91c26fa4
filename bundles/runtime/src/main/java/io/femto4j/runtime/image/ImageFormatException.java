package io.femto4j.runtime.image;

/**
 * An image file that cannot be loaded, or an image that a format cannot express. The message names the
 * format, the field and the values involved (for example
 * {@code ELF section header 7: sh_offset 0x1234 + sh_size 0x100 exceeds file size 0x1200}), so that the
 * author of the file can find the problem without a debugger.
 */
public final class ImageFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public ImageFormatException(String message) {
        super(message);
    }

    public ImageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
