# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'setup_mailbox.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QFormLayout,
    QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QPushButton, QSizePolicy, QSpacerItem, QSpinBox,
    QVBoxLayout, QWidget, QWizardPage)

class Ui_SetupMailboxPage(object):
    def setupUi(self, SetupMailboxPage):
        if not SetupMailboxPage.objectName():
            SetupMailboxPage.setObjectName(u"SetupMailboxPage")
        self.main_layout = QVBoxLayout(SetupMailboxPage)
        self.main_layout.setSpacing(8)
        self.main_layout.setObjectName(u"main_layout")
        self.mailbox_check = QCheckBox(SetupMailboxPage)
        self.mailbox_check.setObjectName(u"mailbox_check")
        self.mailbox_check.setChecked(True)

        self.main_layout.addWidget(self.mailbox_check)

        self.fields = QWidget(SetupMailboxPage)
        self.fields.setObjectName(u"fields")
        self.fields_layout = QVBoxLayout(self.fields)
        self.fields_layout.setObjectName(u"fields_layout")
        self.fields_layout.setContentsMargins(0, 0, 0, 0)
        self.general_form = QFormLayout()
        self.general_form.setObjectName(u"general_form")
        self.name_edit_label = QLabel(self.fields)
        self.name_edit_label.setObjectName(u"name_edit_label")

        self.general_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.name_edit_label)

        self.name_edit = QLineEdit(self.fields)
        self.name_edit.setObjectName(u"name_edit")
        self.name_edit.setText(u"support")

        self.general_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.name_edit)

        self.address_edit_label = QLabel(self.fields)
        self.address_edit_label.setObjectName(u"address_edit_label")

        self.general_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.address_edit_label)

        self.address_edit = QLineEdit(self.fields)
        self.address_edit.setObjectName(u"address_edit")
        self.address_edit.setPlaceholderText(u"support@example.com")

        self.general_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.address_edit)


        self.fields_layout.addLayout(self.general_form)

        self.servers_row = QHBoxLayout()
        self.servers_row.setObjectName(u"servers_row")
        self.imap_group = QGroupBox(self.fields)
        self.imap_group.setObjectName(u"imap_group")
        self.imap_form = QFormLayout(self.imap_group)
        self.imap_form.setObjectName(u"imap_form")
        self.imap_host_label = QLabel(self.imap_group)
        self.imap_host_label.setObjectName(u"imap_host_label")

        self.imap_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.imap_host_label)

        self.imap_host = QLineEdit(self.imap_group)
        self.imap_host.setObjectName(u"imap_host")
        self.imap_host.setPlaceholderText(u"imap.example.com")

        self.imap_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.imap_host)

        self.imap_security_label = QLabel(self.imap_group)
        self.imap_security_label.setObjectName(u"imap_security_label")

        self.imap_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.imap_security_label)

        self.imap_security = QComboBox(self.imap_group)
        self.imap_security.setObjectName(u"imap_security")

        self.imap_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.imap_security)

        self.imap_port_label = QLabel(self.imap_group)
        self.imap_port_label.setObjectName(u"imap_port_label")

        self.imap_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.imap_port_label)

        self.imap_port = QSpinBox(self.imap_group)
        self.imap_port.setObjectName(u"imap_port")
        self.imap_port.setMinimum(1)
        self.imap_port.setMaximum(65535)
        self.imap_port.setValue(993)

        self.imap_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.imap_port)

        self.imap_username_label = QLabel(self.imap_group)
        self.imap_username_label.setObjectName(u"imap_username_label")

        self.imap_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.imap_username_label)

        self.imap_username = QLineEdit(self.imap_group)
        self.imap_username.setObjectName(u"imap_username")

        self.imap_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.imap_username)

        self.imap_password_label = QLabel(self.imap_group)
        self.imap_password_label.setObjectName(u"imap_password_label")

        self.imap_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.imap_password_label)

        self.imap_password = QLineEdit(self.imap_group)
        self.imap_password.setObjectName(u"imap_password")
        self.imap_password.setEchoMode(QLineEdit.EchoMode.Password)

        self.imap_form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.imap_password)

        self.imap_folder_label = QLabel(self.imap_group)
        self.imap_folder_label.setObjectName(u"imap_folder_label")

        self.imap_form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.imap_folder_label)

        self.imap_folder = QLineEdit(self.imap_group)
        self.imap_folder.setObjectName(u"imap_folder")
        self.imap_folder.setText(u"INBOX")

        self.imap_form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.imap_folder)


        self.servers_row.addWidget(self.imap_group)

        self.smtp_group = QGroupBox(self.fields)
        self.smtp_group.setObjectName(u"smtp_group")
        self.smtp_form = QFormLayout(self.smtp_group)
        self.smtp_form.setObjectName(u"smtp_form")
        self.smtp_host_label = QLabel(self.smtp_group)
        self.smtp_host_label.setObjectName(u"smtp_host_label")

        self.smtp_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.smtp_host_label)

        self.smtp_host = QLineEdit(self.smtp_group)
        self.smtp_host.setObjectName(u"smtp_host")
        self.smtp_host.setPlaceholderText(u"smtp.example.com")

        self.smtp_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.smtp_host)

        self.smtp_security_label = QLabel(self.smtp_group)
        self.smtp_security_label.setObjectName(u"smtp_security_label")

        self.smtp_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.smtp_security_label)

        self.smtp_security = QComboBox(self.smtp_group)
        self.smtp_security.setObjectName(u"smtp_security")

        self.smtp_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.smtp_security)

        self.smtp_port_label = QLabel(self.smtp_group)
        self.smtp_port_label.setObjectName(u"smtp_port_label")

        self.smtp_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.smtp_port_label)

        self.smtp_port = QSpinBox(self.smtp_group)
        self.smtp_port.setObjectName(u"smtp_port")
        self.smtp_port.setMinimum(1)
        self.smtp_port.setMaximum(65535)
        self.smtp_port.setValue(587)

        self.smtp_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.smtp_port)

        self.smtp_username_label = QLabel(self.smtp_group)
        self.smtp_username_label.setObjectName(u"smtp_username_label")

        self.smtp_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.smtp_username_label)

        self.smtp_username = QLineEdit(self.smtp_group)
        self.smtp_username.setObjectName(u"smtp_username")

        self.smtp_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.smtp_username)

        self.smtp_password_label = QLabel(self.smtp_group)
        self.smtp_password_label.setObjectName(u"smtp_password_label")

        self.smtp_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.smtp_password_label)

        self.smtp_password = QLineEdit(self.smtp_group)
        self.smtp_password.setObjectName(u"smtp_password")
        self.smtp_password.setEchoMode(QLineEdit.EchoMode.Password)

        self.smtp_form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.smtp_password)


        self.servers_row.addWidget(self.smtp_group)


        self.fields_layout.addLayout(self.servers_row)

        self.same_login_check = QCheckBox(self.fields)
        self.same_login_check.setObjectName(u"same_login_check")
        self.same_login_check.setChecked(True)

        self.fields_layout.addWidget(self.same_login_check)

        self.ca_form = QFormLayout()
        self.ca_form.setObjectName(u"ca_form")
        self.ca_label = QLabel(self.fields)
        self.ca_label.setObjectName(u"ca_label")

        self.ca_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.ca_label)

        self.ca_row = QHBoxLayout()
        self.ca_row.setObjectName(u"ca_row")
        self.ca_file_edit = QLineEdit(self.fields)
        self.ca_file_edit.setObjectName(u"ca_file_edit")

        self.ca_row.addWidget(self.ca_file_edit)

        self.ca_browse_button = QPushButton(self.fields)
        self.ca_browse_button.setObjectName(u"ca_browse_button")

        self.ca_row.addWidget(self.ca_browse_button)


        self.ca_form.setLayout(0, QFormLayout.ItemRole.FieldRole, self.ca_row)


        self.fields_layout.addLayout(self.ca_form)

        self.test_row = QHBoxLayout()
        self.test_row.setObjectName(u"test_row")
        self.test_button = QPushButton(self.fields)
        self.test_button.setObjectName(u"test_button")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(0)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.test_button.sizePolicy().hasHeightForWidth())
        self.test_button.setSizePolicy(sizePolicy)

        self.test_row.addWidget(self.test_button)

        self.results_layout = QVBoxLayout()
        self.results_layout.setObjectName(u"results_layout")
        self.imap_result = QLabel(self.fields)
        self.imap_result.setObjectName(u"imap_result")
        self.imap_result.setWordWrap(True)
        self.imap_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.results_layout.addWidget(self.imap_result)

        self.smtp_result = QLabel(self.fields)
        self.smtp_result.setObjectName(u"smtp_result")
        self.smtp_result.setWordWrap(True)
        self.smtp_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.results_layout.addWidget(self.smtp_result)


        self.test_row.addLayout(self.results_layout)

        self.test_row.setStretch(1, 1)

        self.fields_layout.addLayout(self.test_row)


        self.main_layout.addWidget(self.fields)

        self.spacer = QSpacerItem(20, 4, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.main_layout.addItem(self.spacer)

#if QT_CONFIG(shortcut)
        self.name_edit_label.setBuddy(self.name_edit)
        self.address_edit_label.setBuddy(self.address_edit)
        self.imap_host_label.setBuddy(self.imap_host)
        self.imap_security_label.setBuddy(self.imap_security)
        self.imap_port_label.setBuddy(self.imap_port)
        self.imap_username_label.setBuddy(self.imap_username)
        self.imap_password_label.setBuddy(self.imap_password)
        self.imap_folder_label.setBuddy(self.imap_folder)
        self.smtp_host_label.setBuddy(self.smtp_host)
        self.smtp_security_label.setBuddy(self.smtp_security)
        self.smtp_port_label.setBuddy(self.smtp_port)
        self.smtp_username_label.setBuddy(self.smtp_username)
        self.smtp_password_label.setBuddy(self.smtp_password)
        self.ca_label.setBuddy(self.ca_file_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.mailbox_check, self.name_edit)
        QWidget.setTabOrder(self.name_edit, self.address_edit)
        QWidget.setTabOrder(self.address_edit, self.imap_host)
        QWidget.setTabOrder(self.imap_host, self.imap_security)
        QWidget.setTabOrder(self.imap_security, self.imap_port)
        QWidget.setTabOrder(self.imap_port, self.imap_username)
        QWidget.setTabOrder(self.imap_username, self.imap_password)
        QWidget.setTabOrder(self.imap_password, self.imap_folder)
        QWidget.setTabOrder(self.imap_folder, self.smtp_host)
        QWidget.setTabOrder(self.smtp_host, self.smtp_security)
        QWidget.setTabOrder(self.smtp_security, self.smtp_port)
        QWidget.setTabOrder(self.smtp_port, self.smtp_username)
        QWidget.setTabOrder(self.smtp_username, self.smtp_password)
        QWidget.setTabOrder(self.smtp_password, self.same_login_check)
        QWidget.setTabOrder(self.same_login_check, self.ca_file_edit)
        QWidget.setTabOrder(self.ca_file_edit, self.ca_browse_button)
        QWidget.setTabOrder(self.ca_browse_button, self.test_button)

        self.retranslateUi(SetupMailboxPage)

        QMetaObject.connectSlotsByName(SetupMailboxPage)
    # setupUi

    def retranslateUi(self, SetupMailboxPage):
        SetupMailboxPage.setTitle(QCoreApplication.translate("SetupMailboxPage", u"Mailbox", None))
        SetupMailboxPage.setSubTitle(QCoreApplication.translate("SetupMailboxPage", u"The mailbox customers write to. agentdesk fetches it over IMAP and sends your replies over SMTP.", None))
        self.mailbox_check.setText(QCoreApplication.translate("SetupMailboxPage", u"Connect a mailbox now", None))
        self.name_edit_label.setText(QCoreApplication.translate("SetupMailboxPage", u"Mailbox name", None))
        self.address_edit_label.setText(QCoreApplication.translate("SetupMailboxPage", u"Address", None))
        self.imap_group.setTitle(QCoreApplication.translate("SetupMailboxPage", u"Incoming mail (IMAP)", None))
        self.imap_host_label.setText(QCoreApplication.translate("SetupMailboxPage", u"Server", None))
        self.imap_security_label.setText(QCoreApplication.translate("SetupMailboxPage", u"Security", None))
        self.imap_port_label.setText(QCoreApplication.translate("SetupMailboxPage", u"Port", None))
        self.imap_username_label.setText(QCoreApplication.translate("SetupMailboxPage", u"User name", None))
        self.imap_password_label.setText(QCoreApplication.translate("SetupMailboxPage", u"Password", None))
        self.imap_password.setPlaceholderText(QCoreApplication.translate("SetupMailboxPage", u"kept in the system keyring", None))
        self.imap_folder_label.setText(QCoreApplication.translate("SetupMailboxPage", u"Folder", None))
        self.smtp_group.setTitle(QCoreApplication.translate("SetupMailboxPage", u"Outgoing mail (SMTP)", None))
        self.smtp_host_label.setText(QCoreApplication.translate("SetupMailboxPage", u"Server", None))
        self.smtp_security_label.setText(QCoreApplication.translate("SetupMailboxPage", u"Security", None))
        self.smtp_port_label.setText(QCoreApplication.translate("SetupMailboxPage", u"Port", None))
        self.smtp_username_label.setText(QCoreApplication.translate("SetupMailboxPage", u"User name", None))
        self.smtp_password_label.setText(QCoreApplication.translate("SetupMailboxPage", u"Password", None))
        self.smtp_password.setPlaceholderText(QCoreApplication.translate("SetupMailboxPage", u"kept in the system keyring", None))
        self.same_login_check.setText(QCoreApplication.translate("SetupMailboxPage", u"Use the IMAP user name and password for SMTP too", None))
        self.ca_label.setText(QCoreApplication.translate("SetupMailboxPage", u"Certificate authority", None))
        self.ca_file_edit.setPlaceholderText(QCoreApplication.translate("SetupMailboxPage", u"optional: a company CA file (.pem); certificates are always verified", None))
        self.ca_browse_button.setText(QCoreApplication.translate("SetupMailboxPage", u"Choose\u2026", None))
        self.test_button.setText(QCoreApplication.translate("SetupMailboxPage", u"Test connection", None))
    # retranslateUi

